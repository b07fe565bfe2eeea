"""What is listening on this machine: Linux's ``/proc/net``, or psutil elsewhere."""
