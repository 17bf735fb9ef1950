FROM alpine:3.19
# dopt: skip
RUN   echo   this   stays    exactly
run   echo   formatted
