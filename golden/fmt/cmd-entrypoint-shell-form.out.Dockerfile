FROM alpine:3.19
ENTRYPOINT exec   /app/run.sh   --verbose
CMD echo   "hello   world"
