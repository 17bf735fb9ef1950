FROM debian:bookworm-slim
RUN eval "$(ssh-agent -s)"; ssh-add /root/.ssh/key; git clone git@example.com:app.git
RUN make -C app
