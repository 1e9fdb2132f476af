select * from rpt_voice_of_customer
