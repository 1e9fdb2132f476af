select * from rpt_customer_lifetime_values
