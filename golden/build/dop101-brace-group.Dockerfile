FROM debian:bookworm-slim
RUN useradd --create-home --uid 1000 app
RUN test -d /home/app/data || mkdir /home/app/data; chown app:app /home/app/data
USER app
WORKDIR /home/app
