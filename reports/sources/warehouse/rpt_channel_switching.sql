select * from rpt_channel_switching
