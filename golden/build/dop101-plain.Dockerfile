FROM debian:bookworm-slim
RUN mkdir -p /srv/app
RUN echo "hello from dopt" > /srv/app/greeting.txt
RUN chmod 0640 /srv/app/greeting.txt
CMD ["cat", "/srv/app/greeting.txt"]
