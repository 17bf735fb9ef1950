FROM debian:bookworm-slim
RUN : "${PREFIX:=/opt/app}" && ./configure --prefix="$PREFIX"
RUN make install
