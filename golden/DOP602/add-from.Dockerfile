FROM alpine:3.20
ADD --from=bulid /x /x
