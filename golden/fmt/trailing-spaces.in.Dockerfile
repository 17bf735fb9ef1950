FROM alpine:3.19   
# a comment with trailing blanks   	
RUN echo hi 	 
ENV A=1  
