FROM alpine:3.19
CMD [ 'single', 'quotes' ]
ENTRYPOINT ["unterminated", "array"
