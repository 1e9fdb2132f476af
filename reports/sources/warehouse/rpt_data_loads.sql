select * from rpt_data_loads
