FROM golang:1.22 AS builder
RUN go build -o /app .
FROM node:20 AS assets
RUN npm run build
FROM alpine:3.20
COPY app /app
