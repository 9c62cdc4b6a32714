"""What an operator is told: the alert rules, the delivery channels and the delivery loop (no Dagster here)."""
