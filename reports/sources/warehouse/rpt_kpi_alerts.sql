select * from rpt_kpi_alerts
