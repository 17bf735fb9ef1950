FROM alpine:3.19
   # indented comment
#no space comment
RUN echo hi
#   spaced    comment   
