FROM alpine:3.19
CMD ["echo", "\u0041\u00e9", "\u2603"]
ENTRYPOINT ["printf", "a\u00a0b|\u200b|"]
