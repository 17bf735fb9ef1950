FROM golang:1.22
COPY . .
