FROM alpine/git:2.45.2
RUN git clone https://ghp_R8tq2Lk7ZpW3mN9vB4xC6yD1fG5hJ0sQaEuT@github.com/acme/private.git /src \
    && git clone https://oauth2:glpat-Xk29vLq7Rm3Pz8Wn4Tb6@gitlab.com/acme/lib.git /lib
