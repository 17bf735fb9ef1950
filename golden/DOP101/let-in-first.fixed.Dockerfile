FROM debian:bookworm-slim
RUN ( let jobs=4 && make -j"$jobs" ) && \
    make install
