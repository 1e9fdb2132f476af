select * from dq_gate_results
