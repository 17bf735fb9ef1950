FROM rust:1.77
WORKDIR /usr/src/app
COPY . .
RUN cargo fetch
RUN cargo build --release
