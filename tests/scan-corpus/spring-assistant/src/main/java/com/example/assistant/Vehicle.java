package com.example.assistant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

@Entity
public class Vehicle {
    @Column(nullable = false)
    private String model = "Model S";

    public Vehicle modelName(String name) {
        this.model = name;
        return this;
    }

    static Vehicle example() {
        return new Vehicle().modelName("Cybertruck");
    }
}
