# syntax=docker/dockerfile:1
FROM alpine:3.19
COPY <<EOF1 /etc/one.conf <<EOF2 /etc/two.conf
key = one   
EOF1
key = two
EOF2
RUN <<A cat - && <<B cat -
alpha
A
beta
B
