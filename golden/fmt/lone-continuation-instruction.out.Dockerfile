FROM debian:bookworm
EXPOSE 80
\
