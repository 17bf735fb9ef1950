FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
RUN mkdir -p /srv/app
CMD ["bash"]
