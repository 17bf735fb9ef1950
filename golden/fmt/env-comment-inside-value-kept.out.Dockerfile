FROM alpine:3.19
ENV D=4 \
    E="x \
# BuildKit drops this line even inside the quotes
  y"   F=6
ENV G=7 \
    # before H
    H="x \
  y"   I=9
