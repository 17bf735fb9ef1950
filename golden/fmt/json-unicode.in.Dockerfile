FROM alpine:3.19
CMD ["echo","grüße",  "日本","café ☃"]
