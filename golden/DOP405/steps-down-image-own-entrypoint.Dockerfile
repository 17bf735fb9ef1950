FROM postgres:16
COPY run.sh /
ENTRYPOINT ["/run.sh"]
