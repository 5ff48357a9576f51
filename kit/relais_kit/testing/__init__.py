"""pytest fixtures shared by every service's tests: real RabbitMQ and PostgreSQL, nothing faked."""
