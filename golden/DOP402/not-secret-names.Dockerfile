FROM golang:1.22
RUN export GIT_COMMIT=3f9a8c2e7b1d4f6a && go build -ldflags "-X main.commit=$GIT_COMMIT" \
        --output=Xy9zQw8rTk2m -o /app .
