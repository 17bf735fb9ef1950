FROM alpine:3.20
# dopt: ignore=DOP401 -- a throwaway password for the test database
ENV TEST_DB_PASSWORD=test
