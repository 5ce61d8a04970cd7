"""The Good news page: the year-round log of workers' good-news stories (services/goodnews)."""
