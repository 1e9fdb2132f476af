select * from rpt_currency_conversions
