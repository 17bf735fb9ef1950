FROM localhost:5000/base
RUN echo hi
