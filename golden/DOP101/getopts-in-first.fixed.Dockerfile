FROM debian:bookworm-slim
RUN ( getopts v opt -v && ./install.sh "$opt" ) && \
    ./check.sh
