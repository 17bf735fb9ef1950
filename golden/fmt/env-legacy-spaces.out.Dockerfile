FROM alpine:3.19
ENV APP_HOME="/opt/my app"
ENV GREETING="hello   world"
ENV PATH=/usr/local/bin:$PATH
ENV EQ_VALUE=a=b
LABEL description="A small example image"
