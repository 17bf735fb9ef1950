FROM debian:bookworm-slim
RUN echo "dash dash/sh boolean false" | debconf-set-selections && dpkg-reconfigure -f noninteractive dash
RUN make -C /src
