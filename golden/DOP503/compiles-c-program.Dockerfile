FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps build-base \
 && make -C /src \
 && apk del .build-deps
RUN pip install flask
