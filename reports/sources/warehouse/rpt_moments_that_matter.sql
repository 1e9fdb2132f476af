select * from rpt_moments_that_matter
