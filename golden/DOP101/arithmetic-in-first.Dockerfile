FROM debian:bookworm-slim
RUN n=0; (( n++ )) && make -j"$n"
RUN make install
