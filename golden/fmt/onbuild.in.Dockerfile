FROM alpine:3.19
onbuild   copy   . /app
ONBUILD run   apk add --no-cache make
onbuild  ENV   A   b
ONBUILD CMD [ "make","build" ]
