FROM debian:bookworm-slim
RUN getopts v opt -v && ./install.sh "$opt"
RUN ./check.sh
