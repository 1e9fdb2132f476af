select * from rpt_channel_consistency
