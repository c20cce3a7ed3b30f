module github.com/frontline-map/frontline/data/gen

go 1.26.8

require (
	github.com/frontline-map/frontline v0.0.0
	github.com/paulmach/orb v0.14.0
	github.com/peterstace/simplefeatures v0.50.0
	github.com/sams96/rgeo v1.2.0
)

require (
	github.com/golang/geo v0.0.0-20200730024412-e86565bf3f35 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	github.com/twpayne/go-geom v1.4.4 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
)

replace github.com/frontline-map/frontline => ../..
