FROM debian:bookworm-slim
RUN mkdir -p /srv/conf
# write the defaults
RUN printf 'port=8080\nworkers=2\n' > /srv/conf/app.ini
# and lock them down
RUN chmod 0600 /srv/conf/app.ini
