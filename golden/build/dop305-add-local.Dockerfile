FROM debian:bookworm-slim
ADD hello.txt /srv/hello.txt
ADD conf/ /srv/conf/
RUN mkdir -p /srv/empty
