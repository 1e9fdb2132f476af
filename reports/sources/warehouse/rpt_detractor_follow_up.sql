select * from rpt_detractor_follow_up
