FROM alpine:3.19
ENV APP_HOME /opt/my app
ENV GREETING   hello   world
ENV PATH /usr/local/bin:$PATH
LABEL description A small example image
