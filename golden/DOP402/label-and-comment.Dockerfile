FROM nginx:1.27
# the webhook token was xoxb-2048177301-5532983817-Tq8Lk3mZ9rW2pN6vB4xC
LABEL org.acme.preview-jwt="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QiLCJyb2xlIjoiZGVwbG95In0.Qw9rT2mLx8Zp3Vn7Kb4Yc6Df1Gh5Js0A"
ENV STRIPE_KEY=sk_live_51HqLm8Rt2Zx9Vw3Kp7Nb4Yc6
