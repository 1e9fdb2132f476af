select * from rpt_path_summary
