//! Scale-out as an operator runs it: nginx (with the shipped `deploy/nginx.conf`) in front of
//! two `portal` processes on one PostgreSQL and one Redis. What one instance does, the other
//! honours at once; instances restart one at a time under load without a failed request.

mod balancer;
mod cluster;
mod rolling_restart;
mod shared_state;
