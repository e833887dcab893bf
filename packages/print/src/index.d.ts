export * from 'remark-brief/build'
