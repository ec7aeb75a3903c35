mount -t tmpfs tmpfs /opt && mkdir /opt/gsapp && mount --bind /tmp/gsd/custom /opt/gsapp && exec nginx "$@"
