export * from 'remark-brief/pdf'
